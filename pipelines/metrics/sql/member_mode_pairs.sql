-- One row per member with an observed in-person or online meeting attended in the selection:
-- talk share and equity ratio in each mode side by side (member_mode_pairs macro), in
-- member_id order.
select member_id, member_type, talk_share_in_person, talk_share_online,
    equity_ratio_in_person, equity_ratio_online
from member_mode_pairs($include_facilitators, $cop_ids::varchar[], $date_from::date,
    $date_to::date, $meeting_types::varchar[], $modes::varchar[])
