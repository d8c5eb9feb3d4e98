-- mart_meeting_group_stats: one row per meeting, facilitator switch, member attribute and
-- group of that attribute (member_type: all three types for every meeting; gender, age_band,
-- deprivation_quintile: every value seen in the CoP, `not_recorded` for members without one;
-- attended_via: in_person and online). Zero-filled, so a group that was absent shows 0
-- attendees and a NULL equity ratio. Talk figures are NULL for unobserved meetings.
create or replace table mart_meeting_group_stats as
with

switch as (
    select unnest([false, true]) as facilitators_included
),

scoped as (
    select s.facilitators_included, mm.*
    from mart_meeting_member as mm
    cross join switch as s
    where (s.facilitators_included or not mm.is_facilitator)
      -- $cops: the CoPs to build (NULL = every CoP); see build_marts
      and ($cops::varchar[] is null or list_contains($cops::varchar[], mm.cop_id))
),

communities as (
    select cop_id from main.communities
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

long as (
    select facilitators_included, cop_id, meeting_id, 'member_type' as attribute,
        member_type as group_value, is_present, is_expected, talk_s, turns_n, chat_messages_n
    from scoped
    union all
    select facilitators_included, cop_id, meeting_id, 'gender',
        coalesce(gender, 'not_recorded'), is_present, is_expected, talk_s, turns_n, chat_messages_n
    from scoped
    union all
    select facilitators_included, cop_id, meeting_id, 'age_band',
        coalesce(age_band, 'not_recorded'), is_present, is_expected, talk_s, turns_n, chat_messages_n
    from scoped
    union all
    select facilitators_included, cop_id, meeting_id, 'deprivation_quintile',
        coalesce(deprivation_quintile::varchar, 'not_recorded'), is_present, is_expected,
        talk_s, turns_n, chat_messages_n
    from scoped
    union all
    -- how present attendees joined: only they have a way of attending
    select facilitators_included, cop_id, meeting_id, 'attended_via',
        attended_via, is_present, null, talk_s, turns_n, chat_messages_n
    from scoped
    where is_present
),

groups as (
    select distinct cop_id, facilitators_included, attribute, group_value from long
    union
    select c.cop_id, s.facilitators_included, 'member_type', t.group_value
    from communities as c
    cross join switch as s
    cross join (select unnest(['lay', 'clinical', 'non_clinical']) as group_value) as t
    union
    select c.cop_id, s.facilitators_included, 'attended_via', t.group_value
    from communities as c
    cross join switch as s
    cross join (select unnest(['in_person', 'online']) as group_value) as t
),

per_group as (
    select
        facilitators_included,
        meeting_id,
        attribute,
        group_value,
        count(*) filter (where is_present) as attendees_n,
        count(*) filter (where is_expected) as expected_n,
        count(*) filter (where is_present and is_expected) as present_expected_n,
        coalesce(sum(talk_s) filter (where is_present), 0) as talk_s,
        coalesce(sum(turns_n) filter (where is_present), 0)::bigint as turns_n,
        count(*) filter (where is_present and turns_n > 0) as voiced_n,
        coalesce(sum(chat_messages_n), 0)::bigint as chat_messages_n
    from long
    group by all
),

grid as (
    select
        m.facilitators_included, g.attribute, g.group_value,
        m.cop_id, m.meeting_id, m.held_on, m.mode, m.meeting_type, m.is_observed,
        m.attendees_n as meeting_attendees_n,
        m.talk_s as meeting_talk_s,
        m.turns_n as meeting_turns_n
    from mart_meeting_stats as m
    join groups as g
        on g.cop_id = m.cop_id and g.facilitators_included = m.facilitators_included
),

counted as (
    select
        g.*,
        coalesce(p.attendees_n, 0) as attendees_n,
        case when g.attribute = 'attended_via' then null else coalesce(p.expected_n, 0) end
            as expected_n,
        case when g.attribute = 'attended_via' then null else coalesce(p.present_expected_n, 0) end
            as present_expected_n,
        case when g.is_observed then coalesce(p.talk_s, 0) end as talk_s,
        case when g.is_observed then coalesce(p.turns_n, 0) end as turns_n,
        case when g.is_observed then coalesce(p.voiced_n, 0) end as voiced_n,
        coalesce(p.chat_messages_n, 0) as chat_messages_n
    from grid as g
    left join per_group as p
        on p.facilitators_included = g.facilitators_included
        and p.meeting_id = g.meeting_id
        and p.attribute = g.attribute
        and p.group_value = g.group_value
),

final as (
    select
        facilitators_included,
        attribute,
        group_value,
        cop_id,
        meeting_id,
        held_on,
        mode,
        meeting_type,
        is_observed,
        attendees_n,
        expected_n,
        present_expected_n,
        case when expected_n > 0 then present_expected_n / expected_n end as attendance_rate,
        talk_s,
        turns_n,
        voiced_n,
        case when is_observed and attendees_n > 0 then voiced_n / attendees_n end
            as voice_coverage,
        chat_messages_n,
        case when attendees_n > 0 then chat_messages_n / attendees_n end as chat_rate,
        meeting_attendees_n,
        meeting_talk_s,
        meeting_turns_n,
        case when meeting_talk_s > 0 then talk_s / meeting_talk_s end as talk_share,
        case when meeting_turns_n > 0 then turns_n / meeting_turns_n end as turn_share,
        case when meeting_attendees_n > 0 then attendees_n / meeting_attendees_n end
            as attendee_share,
        case when attendees_n > 0 and meeting_talk_s > 0
            then (talk_s / meeting_talk_s) / (attendees_n / meeting_attendees_n) end
            as equity_ratio,
        case when attendees_n > 0 and meeting_turns_n > 0
            then (turns_n / meeting_turns_n) / (attendees_n / meeting_attendees_n) end
            as turn_equity_ratio
    from counted
)

select * from final
order by facilitators_included, attribute, meeting_id, group_value
