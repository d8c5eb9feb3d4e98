-- Survey scores of the selection's CoPs and dates (by submitted_on), one instrument or all.
select *
from mart_survey_scores
where (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or submitted_on >= $date_from::date)
  and ($date_to::date is null or submitted_on <= $date_to::date)
  and ($instrument_id::varchar is null or instrument_id = $instrument_id::varchar)
order by instrument_id, wave, response_id, scale
