-- Counts of the selected meetings, one row: all of them, the observed ones, those with a
-- chair recorded, and the latest meeting's date (NULL when none): what a page shows about
-- its meetings without fetching one row per meeting (71,624 rows at 10M turns).
select count(*) as meetings_n,
    count(*) filter (where is_observed) as observed_n,
    count(chair_member_id) as chair_recorded_n,
    max(held_on) as last_held_on
from mart_meeting_stats
where facilitators_included = $include_facilitators
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
