-- exclusion_members(...): MEMBER-LEVEL, one row per member (facilitators left out unless
-- switched back in) of a CoP that moved online (its first online meeting after its first
-- in-person meeting in the selection: the cop_moves macro, the definition online_moves.sql
-- reads) who attended an in-person meeting before the move and was expected at an online
-- meeting after it. Before the move: in-person meetings only; after it: online
-- meetings only (hybrid meetings count on neither side). The selection's mode filter is
-- not used.
-- A table macro over the selection's parameters, so the metrics API
-- (digital_exclusion_members) and mart_exclusion_members share one definition.
create or replace macro exclusion_members(include_facilitators, cop_ids, date_from, date_to,
        meeting_types) as table
with moves as (
    select cop_id, moved_online_on
    from cop_moves(cop_ids, date_from, date_to, meeting_types)
    where moved_online_on is not null
),
rows as (
    select r.*, v.moved_online_on
    from mart_meeting_member as r
    join moves as v on v.cop_id = r.cop_id
    where (include_facilitators or not r.is_facilitator)
      and selected_meeting(r.cop_id, r.held_on, r.meeting_type, r.mode, cop_ids,
          date_from, date_to, meeting_types, []::varchar[])
),
per_member as (
    select
        member_id,
        any_value(cop_id) as cop_id,
        any_value(member_type) as member_type,
        any_value(age_band) as age_band,
        any_value(deprivation_quintile) as deprivation_quintile,
        any_value(moved_online_on) as moved_online_on,
        count(*) filter (where mode = 'in_person' and held_on < moved_online_on and is_expected)
            as in_person_expected_n,
        count(*) filter (where mode = 'in_person' and held_on < moved_online_on and is_present)
            as in_person_attended_n,
        count(*) filter (where mode = 'in_person' and held_on < moved_online_on and is_present
            and is_expected) as in_person_present_expected_n,
        count(*) filter (where mode = 'online' and held_on >= moved_online_on and is_expected)
            as online_expected_n,
        count(*) filter (where mode = 'online' and held_on >= moved_online_on and is_present)
            as online_attended_n,
        count(*) filter (where mode = 'online' and held_on >= moved_online_on and is_present
            and is_expected) as online_present_expected_n
    from rows
    group by member_id
),
rates as (
    select
        *,
        case when in_person_expected_n > 0
            then in_person_present_expected_n / in_person_expected_n end as in_person_rate,
        online_present_expected_n / online_expected_n as online_rate
    from per_member
    where in_person_attended_n > 0 and online_expected_n > 0
),
final as (
    select
        cop_id, member_id, member_type, age_band, deprivation_quintile, moved_online_on,
        in_person_expected_n, in_person_attended_n, in_person_rate,
        online_expected_n, online_attended_n, online_rate,
        case
            when online_attended_n = 0 then 'no_online'
            when in_person_rate is not null and online_rate < in_person_rate / 2
                then 'far_fewer'
            else 'kept_coming'
        end as exclusion_status
    from rates
)
select * from final
order by cop_id, member_id;
