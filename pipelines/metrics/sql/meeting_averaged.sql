-- The selected meetings' averaged figures (participation.AVERAGED) and mode, one row per
-- meeting in meeting_id order (the order the bootstrap draws meetings in): the rows of
-- meeting_stats.sql with only the columns the averages and the mode comparison read, so
-- 71,000 meetings (10M turns) convert in a fraction of the time.
select meeting_id, mode, attendance_rate, gini_talk, voice_coverage
from mart_meeting_stats
where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id
