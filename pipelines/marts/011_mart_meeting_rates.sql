-- mart_meeting_rates: one row per meeting, member type, member role and hourly rate applied
-- (rate_role, rate_valid_from, hourly_rate_gbp; all NULL where no rate was found), over the
-- present rows of mart_meeting_member, facilitators included (their time is a cost):
-- present_n members. Pre-aggregated so that the rates used and the attendances without a
-- rate (Cost page) sum a few rows per meeting instead of one per member.
create or replace table mart_meeting_rates as
with

meeting_member as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select cop_id, meeting_id, held_on, mode, meeting_type, member_type, role, rate_role,
        rate_valid_from, hourly_rate_gbp
    from mart_meeting_member
    where is_present and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

final as (
    select cop_id, meeting_id, held_on, mode, meeting_type, member_type, role, rate_role,
        rate_valid_from, hourly_rate_gbp, count(*) as present_n
    from meeting_member
    group by all
)

select * from final
order by meeting_id, member_type, role, rate_role, rate_valid_from
