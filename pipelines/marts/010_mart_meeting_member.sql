-- mart_meeting_member: one row per meeting and member of the meeting's CoP who was expected
-- at it (membership covers held_on) or has an attendance row or a turn there. Facilitators
-- are kept, flagged by is_facilitator, so that the metrics API can put them back in; every
-- participation mart filters on it. Carries the member attributes (equity by gender, age
-- band, deprivation quintile), talk, chat and the hourly rate used for the time cost.
create or replace table mart_meeting_member as
with

meetings as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select meeting_id, cop_id, held_on, duration_min, mode, meeting_type from meetings
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

members as (
    select member_id, cop_id, member_type, role, is_facilitator, joined_on, left_on,
        gender, age_band, deprivation_quintile
    from members
),

attendance as (
    select meeting_id, member_id, status, attended_via, joined_min, left_min, minutes_attended
    from attendance
    where meeting_id in (select meeting_id from meetings)
),

turns as (
    select
        meeting_id,
        member_id,
        sum(duration_s) filter (where channel = 'voice') as talk_s,
        count(*) filter (where channel = 'voice') as turns_n,
        count(*) filter (where channel = 'chat') as chat_messages_n
    from speaking_turns
    where meeting_id in (select meeting_id from meetings)
    group by meeting_id, member_id
),

observed as (
    -- a meeting is observed when it has at least one voice turn (anyone's)
    select distinct meeting_id from turns where turns_n > 0
),

expected as (
    select g.meeting_id, m.member_id
    from meetings as g
    join members as m on m.cop_id = g.cop_id
    where (m.joined_on is null or m.joined_on <= g.held_on)
      and (m.left_on is null or m.left_on >= g.held_on)
),

pairs as (
    select meeting_id, member_id from expected
    union
    select meeting_id, member_id from attendance
    union
    select meeting_id, member_id from turns
),

joined as (
    select
        g.cop_id,
        g.meeting_id,
        g.held_on,
        g.mode,
        g.meeting_type,
        g.duration_min,
        m.member_id,
        m.member_type,
        m.role,
        m.is_facilitator,
        m.gender,
        m.age_band,
        m.deprivation_quintile,
        e.member_id is not null as is_expected,
        coalesce(a.status = 'present', false) as is_present,
        a.status as attendance_status,
        case when a.status = 'present' then coalesce(a.attended_via, g.mode) end as attended_via,
        o.meeting_id is not null as is_observed,
        case when a.status = 'present'
            then coalesce(a.minutes_attended, a.left_min - a.joined_min, g.duration_min) end
            as minutes_attended,
        coalesce(t.talk_s, 0)::double as talk_s,
        coalesce(t.turns_n, 0) as turns_n,
        coalesce(t.chat_messages_n, 0) as chat_messages_n
    from pairs as p
    join meetings as g on g.meeting_id = p.meeting_id
    join members as m on m.member_id = p.member_id
    left join expected as e on e.meeting_id = p.meeting_id and e.member_id = p.member_id
    left join attendance as a on a.meeting_id = p.meeting_id and a.member_id = p.member_id
    left join turns as t on t.meeting_id = p.meeting_id and t.member_id = p.member_id
    left join observed as o on o.meeting_id = p.meeting_id
),

rate_candidates as (
    -- a matching role wins over a blank role; then the latest valid_from on or before held_on
    select
        j.meeting_id,
        j.member_id,
        r.hourly_rate_gbp::double as hourly_rate_gbp,
        r.role as rate_role,
        r.valid_from as rate_valid_from,
        row_number() over (
            partition by j.meeting_id, j.member_id
            order by (r.role is not null) desc, r.valid_from desc
        ) as preference
    from joined as j
    join time_rates as r
        on r.member_type = j.member_type
        and (r.role is null or lower(trim(r.role)) = lower(trim(coalesce(j.role, ''))))
        and r.valid_from <= j.held_on
    where j.is_present
),

final as (
    select
        j.*,
        j.minutes_attended / 60.0 as hours_attended,
        r.hourly_rate_gbp,
        r.rate_role,
        r.rate_valid_from,
        j.is_present and r.hourly_rate_gbp is null as is_rate_missing,
        case when j.is_present
            then j.minutes_attended / 60.0 * coalesce(r.hourly_rate_gbp, 0) end as time_cost_gbp
    from joined as j
    left join rate_candidates as r
        on r.meeting_id = j.meeting_id and r.member_id = j.member_id and r.preference = 1
)

-- stored by member type first: the lay members' rows are then a run of row groups that a
-- query for lay members alone reads without scanning the others
select * from final
order by member_type, meeting_id, member_id
