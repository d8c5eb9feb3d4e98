-- mart_turn_response_stats: one row per facilitator switch, observed meeting and member type
-- (all three, zero-filled): floor turns (mart_turn_floor) with a next turn, those responded
-- to (turn k+1 or k+2 by a member of another type), the coded ones, questions and
-- challenges, and the start seconds shared by two members (ties).
create or replace table mart_turn_response_stats as
with

switch as (
    select unnest([false, true]) as facilitators_included
),

meetings as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select distinct cop_id, meeting_id, held_on, mode, meeting_type
    from mart_meeting_member
    where is_observed
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

types as (
    select unnest(['lay', 'clinical', 'non_clinical']) as member_type
),

counted as (
    select
        facilitators_included,
        meeting_id,
        member_type,
        count(*) as floor_turns_n,
        count(*) filter (where next_member_type is not null) as turns_with_next_n,
        count(*) filter (where next_member_type <> member_type
                            or next2_member_type <> member_type) as responded_n,
        count(*) filter (where is_coded) as coded_n,
        count(*) filter (where is_question) as questions_n,
        count(*) filter (where is_challenge) as challenges_n,
        count(*) filter (where is_tied) as tied_n
    from mart_turn_floor
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
    group by all
),

final as (
    select s.facilitators_included, m.cop_id, m.meeting_id, m.held_on, m.mode,
        m.meeting_type, t.member_type,
        coalesce(c.floor_turns_n, 0)::bigint as floor_turns_n,
        coalesce(c.turns_with_next_n, 0)::bigint as turns_with_next_n,
        coalesce(c.responded_n, 0)::bigint as responded_n,
        case when c.turns_with_next_n > 0
            then c.responded_n / c.turns_with_next_n end::double as response_share,
        coalesce(c.coded_n, 0)::bigint as coded_n,
        coalesce(c.questions_n, 0)::bigint as questions_n,
        coalesce(c.challenges_n, 0)::bigint as challenges_n,
        coalesce(c.tied_n, 0)::bigint as tied_n
    from meetings as m
    cross join switch as s
    cross join types as t
    left join counted as c
        on c.facilitators_included = s.facilitators_included
        and c.meeting_id = m.meeting_id and c.member_type = t.member_type
)

select * from final
order by meeting_id, facilitators_included, member_type
