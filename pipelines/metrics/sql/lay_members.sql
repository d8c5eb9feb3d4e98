-- One row per lay member of the selection's CoPs: attendance, preparation sessions,
-- meetings chaired, and the last meetings they were expected at (for "stopped coming").
with rows as (
    select *
    from mart_meeting_member
    where member_type = 'lay' and ($include_facilitators or not is_facilitator)
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
),
chairs as (
    select chair_member_id as member_id, count(*) as chaired_n
    from mart_meeting_stats
    where not facilitators_included and chair_member_id is not null
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
    group by all
),
recent as (
    -- the last three CoP meetings (meeting_type 'cop') each member was expected at:
    -- planning, steering-group and preparation meetings are for some members only, so
    -- missing them says nothing about whether someone stopped coming
    select member_id, bool_or(is_present) as attended_recently, count(*) as recent_n
    from (
        select member_id, is_present,
            row_number() over (partition by member_id order by held_on desc, meeting_id desc) as back
        from rows
        where is_expected and meeting_type = 'cop'
    )
    where back <= 3
    group by member_id
)
select
    r.member_id,
    any_value(r.cop_id) as cop_id,
    any_value(r.role) as role,
    m.joined_on,
    m.left_on,
    count(*) filter (where r.is_expected) as meetings_expected_n,
    count(*) filter (where r.is_present) as meetings_attended_n,
    case when count(*) filter (where r.is_expected) > 0
        then count(*) filter (where r.is_present and r.is_expected)
            / count(*) filter (where r.is_expected) end as attendance_rate,
    min(r.held_on) filter (where r.is_present) as first_attended_on,
    max(r.held_on) filter (where r.is_present) as last_attended_on,
    count(*) filter (where r.is_present and r.meeting_type = 'preparation')
        as preparation_attended_n,
    coalesce(any_value(c.chaired_n), 0) as chaired_n,
    coalesce(sum(r.talk_s) filter (where r.is_present and r.is_observed), 0) as talk_s,
    count(*) filter (where r.is_present) > 0
        and m.left_on is null
        and any_value(rc.recent_n) = 3
        and not any_value(rc.attended_recently) as stopped_coming
from rows as r
join members as m on m.member_id = r.member_id
left join chairs as c on c.member_id = r.member_id
left join recent as rc on rc.member_id = r.member_id
group by r.member_id, m.joined_on, m.left_on
order by r.member_id
