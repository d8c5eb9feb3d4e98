-- mart_meeting_acts: one row per meeting, member type, facilitator flag and coded act
-- (`not_coded` where blank): the meeting's voice turns by members of mart_meeting_member.
-- Pre-aggregated so that "what kind of turns each member type takes" sums a few rows per
-- meeting instead of scanning every speaking turn on each page view.
create or replace table mart_meeting_acts as
with

meeting_member as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select * from mart_meeting_member
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

turns as (
    select meeting_id, member_id, coalesce(act, 'not_coded') as act
    from speaking_turns
    where channel = 'voice' and meeting_id in (select meeting_id from meeting_member)
),

final as (
    select
        mm.cop_id,
        mm.meeting_id,
        mm.held_on,
        mm.mode,
        mm.meeting_type,
        mm.member_type,
        mm.is_facilitator,
        t.act,
        count(*) as turns_n
    from turns as t
    join meeting_member as mm using (meeting_id, member_id)
    group by all
)

select * from final
order by meeting_id, member_type, is_facilitator, act
