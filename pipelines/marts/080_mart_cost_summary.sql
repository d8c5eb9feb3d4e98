-- mart_cost_summary (public): one row per CoP. Built by the table macro
-- cost_summary_for(cop_ids, date_from, date_to, meeting_types, modes), which the metrics
-- API calls with a selection (NULL or empty = no restriction). Costs are selected by
-- incurred_on; meeting-linked costs also by their meeting's type and mode; overheads (no
-- meeting) only when no type or mode is chosen, as they belong to no meeting. Attendee
-- hours and time cost come from the selected meetings (by held_on). implemented_n counts
-- pairs first implemented within the dates.
create or replace macro costs_for(cop_ids, date_from, date_to, meeting_types, modes) as table
-- the cost rows of a selection (rule in the header above), with the meeting's mode and type
-- (mart_cost_rows, 075_mart_cost_rows.sql)
select cost_id, cop_id, meeting_id, incurred_on, category, amount_gbp, description, mode,
    meeting_type
from mart_cost_rows
where (cop_ids is null or len(cop_ids) = 0 or list_contains(cop_ids, cop_id))
  and (date_from is null or incurred_on >= date_from)
  and (date_to is null or incurred_on <= date_to)
  and (
      (meeting_id is null
          and (meeting_types is null or len(meeting_types) = 0)
          and (modes is null or len(modes) = 0))
      or (meeting_id is not null
          and (meeting_types is null or len(meeting_types) = 0 or list_contains(meeting_types, meeting_type))
          and (modes is null or len(modes) = 0 or list_contains(modes, mode)))
  );

create or replace macro cost_summary_for(cop_ids, date_from, date_to, meeting_types, modes) as table
with

cops as (
    select cop_id from communities
    where cop_ids is null or len(cop_ids) = 0 or list_contains(cop_ids, cop_id)
),

meetings_in as (
    select *
    from mart_meeting_cost
    where cop_id in (select cop_id from cops)
      and (date_from is null or held_on >= date_from)
      and (date_to is null or held_on <= date_to)
      and (meeting_types is null or len(meeting_types) = 0 or list_contains(meeting_types, meeting_type))
      and (modes is null or len(modes) = 0 or list_contains(modes, mode))
),

costs_in as (
    select cop_id, meeting_id, amount_gbp
    from costs_for(cop_ids, date_from, date_to, meeting_types, modes)
),

direct as (
    select
        cop_id,
        sum(amount_gbp) as direct_cost_gbp,
        coalesce(sum(amount_gbp) filter (where meeting_id is null), 0) as overhead_cost_gbp
    from costs_in
    group by cop_id
),

time_spent as (
    select
        cop_id,
        count(*) as meetings_n,
        sum(attendee_hours) as attendee_hours,
        sum(time_cost_gbp) as time_cost_gbp,
        sum(missing_rate_rows)::bigint as missing_rate_rows
    from meetings_in
    group by cop_id
),

lay_attendances as (
    -- present lay members, facilitators left out: the lay group's attendees in
    -- mart_meeting_group_stats (one row per meeting, not one per member)
    select g.cop_id, sum(g.attendees_n)::bigint as lay_attendances_n
    from mart_meeting_group_stats as g
    where not g.facilitators_included and g.attribute = 'member_type' and g.group_value = 'lay'
      and g.meeting_id in (select meeting_id from meetings_in)
    group by g.cop_id
),

implemented as (
    select cop_id, count(*) as implemented_n
    from uptake_as_of(cop_ids, date_to)
    where implemented_on is not null
      and (date_from is null or implemented_on >= date_from)
    group by cop_id
),

final as (
    select
        c.cop_id,
        coalesce(d.direct_cost_gbp, 0) as direct_cost_gbp,
        coalesce(d.overhead_cost_gbp, 0) as overhead_cost_gbp,
        coalesce(t.attendee_hours, 0) as attendee_hours,
        coalesce(t.time_cost_gbp, 0) as time_cost_gbp,
        coalesce(d.direct_cost_gbp, 0) + coalesce(t.time_cost_gbp, 0) as full_cost_gbp,
        case when t.attendee_hours > 0 then coalesce(d.direct_cost_gbp, 0) / t.attendee_hours end
            as cost_per_attendee_hour_gbp,
        coalesce(i.implemented_n, 0) as implemented_n,
        case when i.implemented_n > 0
            then (coalesce(d.direct_cost_gbp, 0) + coalesce(t.time_cost_gbp, 0)) / i.implemented_n end
            as cost_per_implemented_gbp,
        coalesce(l.lay_attendances_n, 0) as lay_attendances_n,
        case when l.lay_attendances_n > 0 then coalesce(d.direct_cost_gbp, 0) / l.lay_attendances_n end
            as cost_per_lay_attendance_gbp,
        coalesce(t.meetings_n, 0) as meetings_n,
        coalesce(t.missing_rate_rows, 0) as missing_rate_rows
    from cops as c
    left join direct as d on d.cop_id = c.cop_id
    left join time_spent as t on t.cop_id = c.cop_id
    left join lay_attendances as l on l.cop_id = c.cop_id
    left join implemented as i on i.cop_id = c.cop_id
)

select * from final
order by cop_id;

create or replace view mart_cost_summary as
select * from cost_summary_for(null, null, null, null, null)
