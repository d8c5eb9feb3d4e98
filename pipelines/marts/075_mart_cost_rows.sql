-- mart_cost_rows: one row per cost row, with the mode and type of the meeting it is linked
-- to (NULL for overheads, which have no meeting), amounts as double. costs_for()
-- (080_mart_cost_summary.sql) selects from it, so that each cost query reads one table
-- instead of joining every cost to its meeting. A cost's meeting is in the cost's CoP
-- (contract rule costs.meeting_id.same_cop), so the rows are rebuilt per CoP.
create or replace table mart_cost_rows as
with

costs as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select cost_id, cop_id, meeting_id, incurred_on, category, amount_gbp, description
    from main.costs
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

final as (
    select c.cost_id, c.cop_id, c.meeting_id, c.incurred_on, c.category,
        c.amount_gbp::double as amount_gbp, c.description, m.mode, m.meeting_type
    from costs as c
    left join meetings as m on m.meeting_id = c.meeting_id
)

select * from final
order by cop_id, incurred_on, cost_id
