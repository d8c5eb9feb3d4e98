-- Per meeting and group of one member attribute (or one group of it, $group), for the
-- selected meetings: the columns meeting_group() returns, in its order (listing them
-- spares pandas a copy of 200k rows at 10M turns), in held_on, meeting_id, group order.
-- Sorted here rather than relying on the mart's stored order: a load that rebuilds one
-- CoP's rows appends them, and DuckDB sorts this slice faster than pandas would (at 10M
-- turns about 40 ms with the conversion, against 85 to 145 ms for scan + check + sort).
select cop_id, meeting_id, held_on, mode, meeting_type, group_value as "group", attendees_n,
    expected_n, attendance_rate, talk_s, turns_n, talk_share, attendee_share, equity_ratio,
    turn_equity_ratio, voice_coverage, voiced_n, chat_messages_n, chat_rate,
    meeting_attendees_n, meeting_talk_s, meeting_turns_n, is_observed
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = $attribute
  and ($group::varchar is null or group_value = $group::varchar)
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by held_on, meeting_id, group_value
