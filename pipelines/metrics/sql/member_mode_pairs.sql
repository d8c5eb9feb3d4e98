-- One row per member (not a facilitator) with an observed meeting of either mode attended
-- in the selection: the member's talk share and equity ratio in person and online (the
-- member_mode macro's rows side by side; NULL for a mode not attended or a figure not
-- defined), in the order of member_id, member_type. within_member pairs them.
select member_id, member_type,
    any_value(talk_share) filter (where mode = 'in_person') as talk_share_in_person,
    any_value(talk_share) filter (where mode = 'online') as talk_share_online,
    any_value(equity_ratio) filter (where mode = 'in_person') as equity_ratio_in_person,
    any_value(equity_ratio) filter (where mode = 'online') as equity_ratio_online
from member_mode($include_facilitators, $cop_ids::varchar[], $date_from::date,
    $date_to::date, $meeting_types::varchar[], $modes::varchar[])
group by member_id, member_type
order by member_id, member_type
