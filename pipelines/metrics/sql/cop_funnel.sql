-- One row per CoP with observed meetings in the selection: the sums behind its pooled lay
-- equity ratio and voice coverage (one aggregate over mart_meeting_group_stats, the
-- member-type rows of observed meetings; meeting-level sums read from the lay row, so each
-- meeting counts once).
select
    cop_id,
    count(*) filter (where group_value = 'lay') as meetings_n,
    sum(talk_s) filter (where group_value = 'lay') as lay_talk_s,
    sum(meeting_talk_s) filter (where group_value = 'lay') as talk_s,
    sum(attendees_n) filter (where group_value = 'lay') as lay_attendees_n,
    sum(meeting_attendees_n) filter (where group_value = 'lay') as attendees_n,
    sum(meeting_turns_n) filter (where group_value = 'lay') as turns_n,
    sum(voiced_n) as voiced_n
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = 'member_type'
  and is_observed
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
group by cop_id
order by cop_id
