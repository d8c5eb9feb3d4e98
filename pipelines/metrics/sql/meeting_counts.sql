-- Counts of the selected meetings, one row: all of them, the observed ones, those with a
-- chair recorded, and the latest meeting's date (NULL when none): what a page shows about
-- its meetings without fetching one row per meeting (71,624 rows at 10M turns).
select count(*) as meetings_n,
    count(*) filter (where is_observed) as observed_n,
    count(chair_member_id) as chair_recorded_n,
    max(held_on) as last_held_on
from mart_meeting_stats
where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
