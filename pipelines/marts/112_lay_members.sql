-- lay_members(...): MEMBER-LEVEL, one row per lay member of the selection's CoPs (facilitators
-- left out unless switched back in): attendance, preparation sessions, meetings chaired, and
-- the last recent_n CoP meetings they were expected at (for "stopped coming").
-- A table macro over the selection's parameters, so the metrics API (lay_members) and
-- mart_lay_members share one definition.
create or replace macro lay_members(include_facilitators, cop_ids, date_from, date_to,
        meeting_types, modes, recent_n) as table
with rows as (
    select *
    from mart_meeting_member
    where member_type = 'lay' and (include_facilitators or not is_facilitator)
      and selected_meeting(cop_id, held_on, meeting_type, mode, cop_ids, date_from, date_to,
          meeting_types, modes)
),
chairs as (
    select chair_member_id as member_id, count(*) as chaired_n
    from mart_meeting_stats
    where not facilitators_included and chair_member_id is not null
      and selected_meeting(cop_id, held_on, meeting_type, mode, cop_ids, date_from, date_to,
          meeting_types, modes)
    group by all
),
per_member as (
    -- aggregated before the joins, so they join one row per member, not per meeting
    select
        member_id,
        any_value(cop_id) as cop_id,
        any_value(role) as role,
        count(*) filter (where is_expected) as meetings_expected_n,
        count(*) filter (where is_present) as meetings_attended_n,
        count(*) filter (where is_present and is_expected) as present_expected_n,
        min(held_on) filter (where is_present) as first_attended_on,
        max(held_on) filter (where is_present) as last_attended_on,
        count(*) filter (where is_present and meeting_type = 'preparation')
            as preparation_attended_n,
        coalesce(sum(talk_s) filter (where is_present and is_observed), 0) as talk_s,
        -- present or not at the last recent_n (three by default) CoP meetings (meeting_type
        -- 'cop') the member was expected at, latest first: planning, steering-group and
        -- preparation meetings are for some members only, so missing them says nothing
        -- about whether someone stopped coming (the top three by an aggregate, not a sort
        -- of every row)
        arg_max(is_present, (held_on, meeting_id), recent_n)
            filter (where is_expected and meeting_type = 'cop') as recent_present
    from rows
    group by member_id
)
select
    p.member_id,
    p.cop_id,
    p.role,
    m.joined_on,
    m.left_on,
    p.meetings_expected_n,
    p.meetings_attended_n,
    case when p.meetings_expected_n > 0
        then p.present_expected_n / p.meetings_expected_n end as attendance_rate,
    p.first_attended_on,
    p.last_attended_on,
    p.preparation_attended_n,
    coalesce(c.chaired_n, 0) as chaired_n,
    p.talk_s,
    p.meetings_attended_n > 0
        and m.left_on is null
        and len(p.recent_present) = recent_n
        and not list_bool_or(p.recent_present) as stopped_coming
from per_member as p
join members as m on m.member_id = p.member_id
left join chairs as c on c.member_id = p.member_id
