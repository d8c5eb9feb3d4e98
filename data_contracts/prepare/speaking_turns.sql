-- Cross-dataset columns for speaking_turns: one row per incoming row (_row).
-- `incoming` is the file's rows, typed; meetings, members and attendance are already
-- loaded, and speaking_turns holds the turns stored by earlier loads.
with

incoming_turns as (
    select
        _row,
        turn_id,
        meeting_id,
        member_id,
        channel,
        start_s,
        -- rounded so that 0.1 + 0.2 does not overlap a turn starting at 0.3
        round(start_s + duration_s, 6) as end_s
    from incoming
),

-- Voice turns that must not overlap: the file's, and the stored turns of the same members
-- in the same meetings that the file does not replace (same turn_id = replaced).
voice_turns as (
    select _row, turn_id, meeting_id, member_id, start_s, end_s
    from incoming_turns
    where channel = 'voice'
        and start_s is not null
        and end_s is not null
        and meeting_id is not null
        and member_id is not null
    union all
    select
        null as _row,
        stored.turn_id,
        stored.meeting_id,
        stored.member_id,
        stored.start_s,
        round(stored.start_s + stored.duration_s, 6) as end_s
    -- the file's (meeting, member) pairs joined in, not an EXISTS: DuckDB then reads only
    -- the stored row groups those meetings can be in (a join's keys filter the scan), 2 ms
    -- instead of 150 ms of a 10M programme's turns for one meeting's file
    from speaking_turns as stored
    join (select distinct meeting_id, member_id from incoming_turns) as pairs
        on pairs.meeting_id = stored.meeting_id and pairs.member_id = stored.member_id
    where stored.channel = 'voice'
        and not exists (select 1 from incoming_turns as i where i.turn_id = stored.turn_id)
),

-- Per turn: the latest end among the turns that start before it (file or stored), and the
-- first stored turn that starts after it. A turn of the file that overlaps an earlier one
-- is reported (the later one of a pair), as is one that runs into a later stored turn.
neighbours as (
    select
        _row,
        max(end_s) over earlier as previous_turn_end_s,
        arg_max(turn_id, end_s) over earlier as previous_turn_id,
        min(case when _row is null then start_s end) over later as next_stored_start_s,
        arg_min(
            case when _row is null then turn_id end, case when _row is null then start_s end
        ) over later as next_stored_turn_id
    from voice_turns
    window
        earlier as (
            partition by meeting_id, member_id order by start_s, turn_id
            rows between unbounded preceding and 1 preceding
        ),
        later as (
            partition by meeting_id, member_id order by start_s, turn_id
            rows between 1 following and unbounded following
        )
),

final as (
    select
        incoming_turns._row,
        meeting.cop_id as meeting_cop_id,
        meeting.duration_min as meeting_duration_min,
        meeting.duration_min * 60 + 600 as latest_end_s,
        incoming_turns.end_s as turn_end_s,
        member.cop_id as member_cop_id,
        case
            when meeting.meeting_id is not null and member.member_id is not null
                then coalesce(attendance.status, 'no row')
        end as speaker_status,
        neighbours.previous_turn_end_s,
        neighbours.previous_turn_id,
        neighbours.next_stored_start_s,
        neighbours.next_stored_turn_id
    from incoming_turns
    left join meetings as meeting on meeting.meeting_id = incoming_turns.meeting_id
    left join members as member on member.member_id = incoming_turns.member_id
    left join attendance
        on attendance.meeting_id = incoming_turns.meeting_id
        and attendance.member_id = incoming_turns.member_id
    left join neighbours on neighbours._row = incoming_turns._row
)

select * from final
