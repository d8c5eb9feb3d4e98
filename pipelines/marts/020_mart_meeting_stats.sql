-- mart_meeting_stats: one row per meeting and facilitator switch (facilitators_included
-- false = the default of every participation figure, true = facilitators put back in).
-- Whole-meeting participation figures: attendance, talk, Gini, voice coverage, chat.
-- Talk figures are NULL for meetings that were not observed (no voice turn).
create or replace table mart_meeting_stats as
with

meeting_member as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select * from mart_meeting_member
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

switch as (
    select unnest([false, true]) as facilitators_included
),

scoped as (
    select s.facilitators_included, mm.*
    from meeting_member as mm
    cross join switch as s
    where s.facilitators_included or not mm.is_facilitator
),

ranked as (
    -- ascending rank of talk time among attendees, for the Gini coefficient:
    -- G = sum_i (2i - n - 1) x_(i) / (n * sum x), the same as sum_ij |xi - xj| / (2 n^2 mean)
    select
        facilitators_included,
        meeting_id,
        talk_s,
        row_number() over (
            partition by facilitators_included, meeting_id order by talk_s, member_id
        ) as talk_rank,
        count(*) over (partition by facilitators_included, meeting_id) as n
    from scoped
    where is_present
),

gini as (
    select
        facilitators_included,
        meeting_id,
        any_value(n) as n,
        sum(talk_s) as total_s,
        sum((2 * talk_rank - n - 1) * talk_s) as weighted_s
    from ranked
    group by facilitators_included, meeting_id
),

meetings as (
    select
        m.cop_id, m.meeting_id, m.held_on, m.mode, m.meeting_type, m.duration_min,
        m.chair_member_id, s.facilitators_included
    from main.meetings as m
    cross join switch as s
    where ($cops::varchar[] is null or list_contains($cops::varchar[], m.cop_id))
),

per_meeting as (
    select
        facilitators_included,
        meeting_id,
        bool_or(is_observed) as is_observed,
        count(*) filter (where is_present) as attendees_n,
        count(*) filter (where is_expected) as expected_n,
        count(*) filter (where is_present and is_expected) as present_expected_n,
        coalesce(sum(talk_s) filter (where is_present), 0) as talk_s,
        coalesce(sum(turns_n) filter (where is_present), 0)::bigint as turns_n,
        count(*) filter (where is_present and turns_n > 0) as voiced_n,
        coalesce(sum(chat_messages_n), 0)::bigint as chat_messages_n
    from scoped
    group by facilitators_included, meeting_id
),

observed as (
    select distinct meeting_id from speaking_turns
    where channel = 'voice' and meeting_id in (select meeting_id from meetings)
),

final as (
    select
        g.facilitators_included,
        g.cop_id,
        g.meeting_id,
        g.held_on,
        g.mode,
        g.meeting_type,
        g.duration_min,
        g.chair_member_id,
        coalesce(p.attendees_n, 0) as attendees_n,
        coalesce(p.expected_n, 0) as expected_n,
        coalesce(p.present_expected_n, 0) as present_expected_n,
        case when p.expected_n > 0 then p.present_expected_n / p.expected_n end
            as attendance_rate,
        case when o.meeting_id is not null then coalesce(p.talk_s, 0) end as talk_s,
        case when o.meeting_id is not null then coalesce(p.turns_n, 0) end as turns_n,
        case when o.meeting_id is not null and gi.n >= 2 and gi.total_s > 0
            then gi.weighted_s / (gi.n * gi.total_s) end as gini_talk,
        case when o.meeting_id is not null and p.attendees_n > 0
            then p.voiced_n / p.attendees_n end as voice_coverage,
        case when o.meeting_id is not null then coalesce(p.voiced_n, 0) end as voiced_n,
        coalesce(p.chat_messages_n, 0) as chat_messages_n,
        case when p.attendees_n > 0 then coalesce(p.chat_messages_n, 0) / p.attendees_n end
            as chat_rate,
        o.meeting_id is not null as is_observed
    from meetings as g
    left join per_meeting as p
        on p.meeting_id = g.meeting_id and p.facilitators_included = g.facilitators_included
    left join gini as gi
        on gi.meeting_id = g.meeting_id and gi.facilitators_included = g.facilitators_included
    left join observed as o on o.meeting_id = g.meeting_id
)

select * from final
order by facilitators_included, meeting_id
