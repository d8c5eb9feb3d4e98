-- mart_meeting_cost (public): one row per meeting. Direct cost = costs carrying that
-- meeting_id; attendee hours and time cost over present attendance rows, facilitators
-- included (their time is a cost). A present row without a rate adds 0 and is counted in
-- missing_rate_rows.
create or replace table mart_meeting_cost as
with

meetings as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select meeting_id, cop_id, held_on, mode, meeting_type from meetings
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

direct as (
    select meeting_id, sum(amount_gbp)::double as direct_cost_gbp
    from costs
    where meeting_id in (select meeting_id from meetings)
    group by meeting_id
),

time_spent as (
    select
        meeting_id,
        sum(hours_attended) as attendee_hours,
        sum(time_cost_gbp) as time_cost_gbp,
        count(*) filter (where is_rate_missing) as missing_rate_rows
    from mart_meeting_member
    where is_present and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
    group by meeting_id
),

final as (
    select
        m.cop_id,
        m.meeting_id,
        m.held_on,
        m.mode,
        m.meeting_type,
        coalesce(d.direct_cost_gbp, 0) as direct_cost_gbp,
        coalesce(t.attendee_hours, 0) as attendee_hours,
        coalesce(t.time_cost_gbp, 0) as time_cost_gbp,
        coalesce(d.direct_cost_gbp, 0) + coalesce(t.time_cost_gbp, 0) as full_cost_gbp,
        case when t.attendee_hours > 0 then coalesce(d.direct_cost_gbp, 0) / t.attendee_hours end
            as cost_per_attendee_hour_gbp,
        coalesce(t.missing_rate_rows, 0) as missing_rate_rows
    from meetings as m
    left join direct as d on d.meeting_id = m.meeting_id
    left join time_spent as t on t.meeting_id = m.meeting_id
)

select * from final
order by meeting_id
