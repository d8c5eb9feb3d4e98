-- mart_survey_scores (public): one row per response and scale of its instrument (`total`
-- for the whole instrument, one per subscale). Reverse-coded items are turned round
-- (v' = min + max - v); the score is the mean of the answered items of the scale, NULL when
-- fewer than the instrument's min_share_answered of them were answered.
create or replace table mart_survey_scores as
with

responses as (
    select
        response_id,
        any_value(cop_id) as cop_id,
        any_value(instrument_id) as instrument_id,
        any_value(wave) as wave,
        any_value(submitted_on) as submitted_on,
        any_value(member_id) as member_id,
        any_value(member_type) as member_type
    from survey_responses
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts. All rows of a response
    -- have its cop_id (contract rule survey_responses.response_id.consistent), so rows are
    -- picked by CoP before grouping, and building one CoP does not group every answer.
    where $cops::varchar[] is null or list_contains($cops::varchar[], cop_id)
    group by response_id
),

scales as (
    select instrument_id, 'total' as scale, item_id from instrument_items
    union all
    select instrument_id, subscale, item_id from instrument_items where subscale is not null
),

scale_sizes as (
    select instrument_id, scale, count(*) as items_n from scales group by all
),

coded as (
    select
        a.response_id,
        s.scale,
        case when i.is_reverse then n.scale_min + n.scale_max - a.value else a.value end
            as coded_value
    from survey_responses as a
    join instrument_items as i on i.instrument_id = a.instrument_id and i.item_id = a.item_id
    join instruments as n on n.instrument_id = a.instrument_id
    join scales as s on s.instrument_id = a.instrument_id and s.item_id = a.item_id
    where a.response_id in (select response_id from responses)
),

answered as (
    select response_id, scale, count(*) as items_answered, avg(coded_value) as mean_value
    from coded
    group by response_id, scale
),

final as (
    select
        r.cop_id,
        r.response_id,
        r.instrument_id,
        r.wave,
        r.submitted_on,
        r.member_id,
        r.member_type,
        z.scale,
        z.items_n,
        coalesce(a.items_answered, 0) as items_answered,
        case when coalesce(a.items_answered, 0) > 0
            and a.items_answered >= n.min_share_answered * z.items_n then a.mean_value end
            as score,
        n.scale_min,
        n.scale_max,
        (n.scale_min + n.scale_max) / 2.0 as scale_midpoint
    from responses as r
    join instruments as n on n.instrument_id = r.instrument_id
    join scale_sizes as z on z.instrument_id = r.instrument_id
    left join answered as a on a.response_id = r.response_id and a.scale = z.scale
)

select * from final
order by instrument_id, response_id, scale
