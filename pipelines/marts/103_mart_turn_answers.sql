-- mart_turn_answers: one row per facilitator switch, observed meeting, asking member type,
-- act (question or challenge) and the member type of the next floor turn (`none` when the
-- question or challenge was the meeting's last floor turn): who answers whom.
create or replace table mart_turn_answers as
with

floor as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select * from mart_turn_floor
    where (is_question or is_challenge)
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

acts as (
    select facilitators_included, cop_id, meeting_id, held_on, mode, meeting_type,
        member_type, 'question' as act, coalesce(next_member_type, 'none') as answered_by
    from floor where is_question
    union all
    select facilitators_included, cop_id, meeting_id, held_on, mode, meeting_type,
        member_type, 'challenge', coalesce(next_member_type, 'none')
    from floor where is_challenge
),

final as (
    select facilitators_included, cop_id, meeting_id, held_on, mode, meeting_type,
        member_type, act, answered_by, count(*)::bigint as turns_n
    from acts
    group by all
)

select * from final
order by meeting_id, facilitators_included, member_type, act, answered_by
