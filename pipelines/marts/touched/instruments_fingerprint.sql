-- A fingerprint of what mart_survey_scores reads from the instruments. The load writes the
-- instruments on every load, so build_marts compares this with the one stored at the last
-- full build to know whether every survey score must be computed again.
select md5(coalesce((
    select string_agg(
        concat_ws('|', i.instrument_id, i.scale_min, i.scale_max, i.min_share_answered,
            t.item_id, t.subscale, t.is_reverse),
        ';' order by i.instrument_id, t.item_id)
    from instruments as i
    left join instrument_items as t using (instrument_id)
), ''))
