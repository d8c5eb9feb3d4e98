-- Survey summary cells of the selection (mart_survey_scores by submitted_on): per
-- instrument, wave and scale, one row per member type and one total row (is_total): n
-- respondents with a score, mean, sample standard deviation, share agreeing (score above
-- the scale midpoint). Members without a member type count only in the total.
-- scale_midpoint comes from the instrument (mart_survey_scores), so every row of a cell
-- carries the same one: compared row by row, without a join on the cell's keys.
with scores as (
    select instrument_id, wave, scale, member_type, score, scale_midpoint
    from mart_survey_scores
    where instrument_id is not null and wave is not null and scale is not null
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or submitted_on >= $date_from::date)
  and ($date_to::date is null or submitted_on <= $date_to::date)
  and ($instrument_id::varchar is null or instrument_id = $instrument_id::varchar)
),

cells as (
    select
        s.instrument_id,
        s.wave,
        s.scale,
        s.member_type as "group",
        grouping(s.member_type) = 1 as is_total,
        count(s.score) as n,
        avg(s.score) as mean,
        stddev_samp(s.score) as sd,
        avg(case when s.score is not null then (s.score > s.scale_midpoint)::double end)
            as share_agreeing
    from scores as s
    group by grouping sets (
        (s.instrument_id, s.wave, s.scale, s.member_type),
        (s.instrument_id, s.wave, s.scale)
    )
)

select * from cells
where is_total or "group" is not null
