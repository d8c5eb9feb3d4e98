-- mart_meeting_quality: one row per meeting: what was recorded for it (attendance rows,
-- present members, present rows without times, voice turns, chat messages, where the turns
-- came from, present members without an hourly rate), for the Data quality page. Counts
-- every member, facilitators included. Pre-aggregated so the page reads one row per meeting
-- instead of scanning the speaking turns and attendance on each view.
create or replace table mart_meeting_quality as
with

meetings as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select meeting_id from main.meetings
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

rows as (
    select meeting_id,
        count(*) filter (where attendance_status is not null) as attendance_rows,
        count(*) filter (where is_present) as present_n,
        count(*) filter (where is_present and is_rate_missing) as missing_rate_rows
    from mart_meeting_member
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
    group by meeting_id
),

sources as (
    select meeting_id, string_agg(distinct source, ', ' order by source) as turn_sources,
        count(*) filter (where channel = 'voice') as voice_turns_n,
        count(*) filter (where channel = 'chat') as chat_messages_n
    from speaking_turns
    where meeting_id in (select meeting_id from meetings)
    group by meeting_id
),

timed as (
    select a.meeting_id,
        count(*) filter (where a.status = 'present' and a.joined_min is null
            and a.left_min is null and a.minutes_attended is null) as present_without_times_n
    from attendance as a
    where a.meeting_id in (select meeting_id from meetings)
    group by a.meeting_id
),

final as (
    select m.meeting_id,
        coalesce(r.attendance_rows, 0) as attendance_rows,
        coalesce(r.present_n, 0) as present_n,
        coalesce(t.present_without_times_n, 0) as present_without_times_n,
        coalesce(s.voice_turns_n, 0) as voice_turns_n,
        coalesce(s.chat_messages_n, 0) as chat_messages_n,
        s.turn_sources,
        coalesce(r.missing_rate_rows, 0) as missing_rate_rows
    from meetings as m
    left join rows as r using (meeting_id)
    left join sources as s using (meeting_id)
    left join timed as t using (meeting_id)
)

select * from final
order by meeting_id
