-- mart_turn_floor: one row per facilitator switch, observed meeting and turn of the floor
-- (metrics.md, "Turn-taking (v2)"): the voice turns of plenary (or blank) activity by
-- attendees, facilitators left out unless the switch puts them back, ordered by start_s then
-- turn_id, consecutive turns by one member merged into one. Carries the next two turns'
-- member types (who takes the floor after), the act codes and whether the turn's start
-- second was shared with another member's turn (a tie, ordered by turn_id).
create or replace table mart_turn_floor as
with

switch as (
    select unnest([false, true]) as facilitators_included
),

attendees as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select cop_id, meeting_id, held_on, mode, meeting_type, member_id, member_type,
        is_facilitator
    from mart_meeting_member
    where is_present and is_observed
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

turns as (
    -- only the columns the ordering needs: the meeting's and the member's other columns
    -- are joined on once the turns are merged (sorting narrow rows is what this costs)
    select s.facilitators_included, t.meeting_id, t.member_id, t.turn_id, t.start_s, t.act
    from speaking_turns as t
    join attendees as a on a.meeting_id = t.meeting_id and a.member_id = t.member_id
    cross join switch as s
    where t.channel = 'voice'
      and (t.activity is null or t.activity = 'plenary')
      and (s.facilitators_included or not a.is_facilitator)
),

ties as (
    -- start seconds two different members share: their order is only the turn ids'
    select facilitators_included, meeting_id, start_s
    from turns
    group by all
    having count(distinct member_id) > 1
),

ordered as (
    select t.*, x.start_s is not null as is_tied,
        lag(t.member_id) over (partition by t.facilitators_included, t.meeting_id
                               order by t.start_s, t.turn_id) as previous_member_id
    from turns as t
    left join ties as x
        on x.facilitators_included = t.facilitators_included
        and x.meeting_id = t.meeting_id and x.start_s = t.start_s
),

runs as (
    -- a new floor turn starts where the member changes
    select *,
        sum(case when previous_member_id is not distinct from member_id then 0 else 1 end)
            over (partition by facilitators_included, meeting_id order by start_s, turn_id
                  rows unbounded preceding) as floor_seq
    from ordered
),

merged as (
    select
        facilitators_included,
        meeting_id,
        floor_seq::bigint as floor_seq,
        any_value(member_id) as member_id,
        -- a merged turn asks a question (challenges) when any of its parts is so coded
        coalesce(bool_or(act = 'question'), false) as is_question,
        coalesce(bool_or(act = 'challenge'), false) as is_challenge,
        coalesce(bool_or(act is not null), false) as is_coded,
        bool_or(is_tied) as is_tied
    from runs
    group by facilitators_included, meeting_id, floor_seq
),

described as (
    select m.facilitators_included, a.cop_id, m.meeting_id, a.held_on, a.mode,
        a.meeting_type, m.floor_seq, m.member_id, a.member_type, m.is_question,
        m.is_challenge, m.is_coded, m.is_tied
    from merged as m
    join attendees as a on a.meeting_id = m.meeting_id and a.member_id = m.member_id
),

final as (
    select *,
        lead(member_type, 1) over w as next_member_type,
        lead(member_type, 2) over w as next2_member_type
    from described
    window w as (partition by facilitators_included, meeting_id order by floor_seq)
)

select * from final
order by meeting_id, facilitators_included, floor_seq
