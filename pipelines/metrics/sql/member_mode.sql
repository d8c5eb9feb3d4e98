-- One row per member and mode (in_person, online) over the selection (member_mode macro).
select cop_id, member_id, member_type, mode, meetings_n, talk_s, talk_share, equity_ratio
from member_mode($include_facilitators, $cop_ids::varchar[], $date_from::date,
    $date_to::date, $meeting_types::varchar[], $modes::varchar[])
