-- member_mode_pairs(...): one row per member (not a facilitator) with an observed meeting
-- of either mode attended in the selection: the member's talk share and equity ratio in
-- person and online side by side (member_mode's rows; NULL for a mode not attended or a
-- figure not defined), in member_id order. A table macro over the selection's parameters,
-- so the metrics API (within_member) and mart_member_mode_pairs share one definition.
create or replace macro member_mode_pairs(include_facilitators, cop_ids, date_from, date_to,
        meeting_types, modes) as table
select cop_id, member_id, member_type,
    any_value(talk_share) filter (where mode = 'in_person') as talk_share_in_person,
    any_value(talk_share) filter (where mode = 'online') as talk_share_online,
    any_value(equity_ratio) filter (where mode = 'in_person') as equity_ratio_in_person,
    any_value(equity_ratio) filter (where mode = 'online') as equity_ratio_online
from member_mode(include_facilitators, cop_ids, date_from, date_to, meeting_types, modes)
group by cop_id, member_id, member_type
order by member_id, member_type;
