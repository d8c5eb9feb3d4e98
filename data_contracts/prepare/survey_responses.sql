-- Cross-dataset columns for survey_responses: one row per incoming row (_row).
-- `incoming` is the file's rows, typed; instruments (written by the load before surveys),
-- members and the survey rows stored by earlier loads are in the database.
with

-- Stored rows of the responses in this file that the file does not replace
-- (a row is replaced by one with the same response_id and item_id).
stored_rows as (
    select stored.response_id, stored.cop_id, stored.instrument_id, stored.wave,
        stored.member_id, stored.member_type
    from survey_responses as stored
    where exists (select 1 from incoming as i where i.response_id = stored.response_id)
        and not exists (
            select 1 from incoming as i
            where i.response_id = stored.response_id and i.item_id = stored.item_id
        )
),

response_rows as (
    select response_id, cop_id, instrument_id, wave, member_id, member_type
    from incoming
    where response_id is not null
    union all
    select * from stored_rows
),

-- How many different values each column takes within one response (blank counts as one).
agreement as (
    select
        response_id,
        count(distinct coalesce(cop_id, '')) as response_cop_id_count,
        string_agg(distinct coalesce(cop_id, '(blank)'), ', ' order by coalesce(cop_id, '(blank)')) as response_cop_id_values,
        count(distinct coalesce(instrument_id, '')) as response_instrument_id_count,
        string_agg(distinct coalesce(instrument_id, '(blank)'), ', ' order by coalesce(instrument_id, '(blank)')) as response_instrument_id_values,
        count(distinct coalesce(wave, '')) as response_wave_count,
        string_agg(distinct coalesce(wave, '(blank)'), ', ' order by coalesce(wave, '(blank)')) as response_wave_values,
        count(distinct coalesce(member_id, '')) as response_member_id_count,
        string_agg(distinct coalesce(member_id, '(blank)'), ', ' order by coalesce(member_id, '(blank)')) as response_member_id_values,
        count(distinct coalesce(member_type, '')) as response_member_type_count,
        string_agg(distinct coalesce(member_type, '(blank)'), ', ' order by coalesce(member_type, '(blank)')) as response_member_type_values
    from response_rows
    group by response_id
),

final as (
    select
        incoming._row,
        instrument.scale_min,
        instrument.scale_max,
        member.cop_id as member_cop_id,
        member.member_type as registered_member_type,
        agreement.* exclude (response_id)
    from incoming
    left join instruments as instrument on instrument.instrument_id = incoming.instrument_id
    left join members as member on member.member_id = incoming.member_id
    left join agreement on agreement.response_id = incoming.response_id
)

select * from final
