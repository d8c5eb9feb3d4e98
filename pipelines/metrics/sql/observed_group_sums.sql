-- Per observed meeting and group of one member attribute, for the selected meetings: only
-- the sums the pooled figures and their bootstrap need (fewer columns than
-- meeting_group_stats.sql, so large programmes convert quickly). No ORDER BY: the mart is
-- stored in meeting_id order and a scan keeps it; the caller checks the order and sorts
-- only if a load left rows out of it (an ORDER BY here doubled the time at 10M turns).
select group_value as "group", meeting_id, mode, attendees_n, talk_s, turns_n, voiced_n,
    meeting_attendees_n, meeting_talk_s, meeting_turns_n
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = $attribute
  and is_observed
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
