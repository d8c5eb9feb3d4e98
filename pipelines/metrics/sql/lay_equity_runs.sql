-- One row per CoP whose latest $recent_n observed meetings with a lay attendee (in the
-- selection) all had a lay equity ratio below $below: the alerts' first rule. Meetings
-- without a lay attendee have no ratio and are left out (they neither count nor break a run).
with lay as (
    select cop_id, meeting_id, held_on, equity_ratio
    from mart_meeting_group_stats
    where facilitators_included = $include_facilitators
      and attribute = 'member_type'
      and group_value = 'lay'
      and is_observed
      and attendees_n > 0
      and equity_ratio is not null
      and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
          $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
),
latest as (
    select *, row_number() over (partition by cop_id order by held_on desc, meeting_id desc) as back_n
    from lay
    qualify back_n <= $recent_n
),
final as (
    select
        cop_id,
        min(held_on) as since,
        string_agg(meeting_id, ', ' order by held_on, meeting_id) as meeting_ids,
        max(equity_ratio) as highest_equity_ratio
    from latest
    group by cop_id
    having count(*) = $recent_n and count(*) filter (where equity_ratio < $below) = $recent_n
)
select * from final
order by cop_id
