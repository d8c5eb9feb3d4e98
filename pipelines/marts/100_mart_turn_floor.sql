-- mart_turn_floor: one row per facilitator switch, observed meeting and turn of the floor
-- (metrics.md, "Turn-taking (v2)"): the voice turns of plenary (or blank) activity by
-- attendees, facilitators left out unless the switch puts them back, ordered by start_s then
-- turn_id, consecutive turns by one member merged into one. Carries the next two turns'
-- member types (who takes the floor after), the act codes and whether the turn's start
-- second was shared with another member's turn (a tie, ordered by turn_id).
--
-- Both switches come from one pass over the turns (issue 18: sorting the turns was most of
-- the marts' time): each turn is sorted once, not once per switch, and carries its place in
-- both sequences, with facilitators (`all_`) and without them (`nf_`, where IGNORE NULLS
-- skips a facilitator's turn as if it were not there). The next two floor turns are the
-- next two starts after a turn, so the merged turns need no third sort.
create or replace table mart_turn_floor as
with

attendees as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select cop_id, meeting_id, held_on, mode, meeting_type, member_id, member_type,
        is_facilitator
    from mart_meeting_member
    where is_present and is_observed
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

turns as (
    -- only the columns the ordering needs: the meeting's columns are joined on once the
    -- turns are merged (sorting narrow rows is what this costs)
    select t.meeting_id, t.member_id, t.turn_id, t.start_s, t.act, a.member_type,
        not a.is_facilitator as in_nf
    from speaking_turns as t
    join attendees as a on a.meeting_id = t.meeting_id and a.member_id = t.member_id
    where t.channel = 'voice'
      and (t.activity is null or t.activity = 'plenary')
),

ties as (
    -- start seconds two different members share: their order is only the turn ids'
    -- (counted among all the turns, and among those without facilitators)
    select meeting_id, start_s,
        true as all_tied,
        coalesce(min(member_id) filter (where in_nf) < max(member_id) filter (where in_nf),
                 false) as nf_tied
    from turns
    group by meeting_id, start_s
    having min(member_id) < max(member_id)
),

ordered as (
    select t.*,
        coalesce(x.all_tied, false) as all_tied,
        coalesce(x.nf_tied, false) as nf_tied,
        row_number() over w as turn_seq,
        lag(t.member_id) over w as all_previous,
        lag(case when t.in_nf then t.member_id end ignore nulls) over w as nf_previous
    from turns as t
    left join ties as x on x.meeting_id = t.meeting_id and x.start_s = t.start_s
    window w as (partition by t.meeting_id order by t.start_s, t.turn_id)
),

starts as (
    -- a new floor turn starts where the member changes; a start carries its member type
    -- (never blank: members.member_type is required), NULL elsewhere
    select *,
        case when all_previous is distinct from member_id then member_type end as all_start,
        case when in_nf and nf_previous is distinct from member_id then member_type end
            as nf_start
    from ordered
),

runs as (
    -- the floor turn each turn belongs to (the number of starts so far) and the next two
    -- floor turns' member types (the next two starts after it)
    select meeting_id, member_id, member_type, act, in_nf, all_tied, nf_tied,
        sum((all_start is not null)::integer) over u as all_seq,
        sum((nf_start is not null)::integer) over u as nf_seq,
        lead(all_start, 1 ignore nulls) over u as all_next,
        lead(all_start, 2 ignore nulls) over u as all_next2,
        lead(nf_start, 1 ignore nulls) over u as nf_next,
        lead(nf_start, 2 ignore nulls) over u as nf_next2,
        -- a floor turn of this turn alone: it starts one, and the next turn starts another
        all_start is not null
            and coalesce(lead(all_start is not null) over u, true) as all_alone,
        nf_start is not null
            and coalesce(lead(case when in_nf then nf_start is not null end ignore nulls) over u,
                         true) as nf_alone
    from starts
    -- (turn_seq is unique in a meeting, so the running sum's default frame ends at the row)
    window u as (partition by meeting_id order by turn_seq)
),

both_switches as not materialized (
    -- each turn in the sequence with facilitators, and again in the one without them
    -- (not materialised: its two readers below each pick their rows as they read it)
    select s.facilitators_included, r.meeting_id,
        case when s.facilitators_included then r.all_seq else r.nf_seq end as floor_seq,
        r.member_id, r.member_type, r.act,
        case when s.facilitators_included then r.all_tied else r.nf_tied end as is_tied,
        case when s.facilitators_included then r.all_next else r.nf_next end
            as next_member_type,
        case when s.facilitators_included then r.all_next2 else r.nf_next2 end
            as next2_member_type,
        case when s.facilitators_included then r.all_alone else r.nf_alone end as is_alone
    from runs as r
    cross join (select unnest([false, true]) as facilitators_included) as s
    where s.facilitators_included or r.in_nf
),

merged as (
    -- a floor turn of one turn is that turn (most are); the others are merged
    select facilitators_included, meeting_id, floor_seq::bigint as floor_seq, member_id,
        member_type,
        coalesce(act = 'question', false) as is_question,
        coalesce(act = 'challenge', false) as is_challenge,
        act is not null as is_coded,
        is_tied, next_member_type, next2_member_type
    from both_switches
    where is_alone
    union all
    select
        facilitators_included,
        meeting_id,
        floor_seq::bigint as floor_seq,
        any_value(member_id) as member_id,
        any_value(member_type) as member_type,
        -- a merged turn asks a question (challenges) when any of its parts is so coded
        coalesce(bool_or(act = 'question'), false) as is_question,
        coalesce(bool_or(act = 'challenge'), false) as is_challenge,
        coalesce(bool_or(act is not null), false) as is_coded,
        bool_or(is_tied) as is_tied,
        -- the same for every part of a floor turn (the next starts after it)
        any_value(next_member_type) as next_member_type,
        any_value(next2_member_type) as next2_member_type
    from both_switches
    where not is_alone
    group by facilitators_included, meeting_id, floor_seq
),

final as (
    -- the meeting's columns as mart_meeting_member has them (from meetings, by meeting_id)
    select m.facilitators_included, g.cop_id, m.meeting_id, g.held_on, g.mode,
        g.meeting_type, m.floor_seq, m.member_id, m.member_type, m.is_question,
        m.is_challenge, m.is_coded, m.is_tied, m.next_member_type, m.next2_member_type
    from merged as m
    join meetings as g on g.meeting_id = m.meeting_id
)

-- not sorted: only the turn-taking marts read it (101 to 103), each grouping its rows
select * from final
