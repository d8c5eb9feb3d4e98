-- Per group of one member attribute: how many of the selected meetings' groups fall in
-- each square of (share of attendees, share of talk), squares $step wide from 0, each
-- holding its lower edge (a share of exactly 1 is in the top square). The rows are those
-- meeting_group() gives with a share of talk (observed meetings where someone talked).
-- For a chart of a large programme, where a dot per meeting and group would be 100,000s.
-- Squares are numbered on the share / $step plus a millionth, so that a share such as 0.35
-- (stored as 0.34999...) is in the square from 35%, as a reader expects.
with shares as (
    select group_value,
        least(floor(attendee_share / $step + 1e-6), ceil(1 / $step - 1e-6) - 1) as attendee_square,
        least(floor(talk_share / $step + 1e-6), ceil(1 / $step - 1e-6) - 1) as talk_square
    from mart_meeting_group_stats
    where facilitators_included = $include_facilitators
      and attribute = $attribute
      and talk_share is not null
      and attendee_share is not null
      and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
          $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
)
select group_value as "group",
    round(attendee_square * $step, 6) as attendee_share_from,
    round(talk_square * $step, 6) as talk_share_from,
    count(*) as meetings_n
from shares
group by all
order by "group", attendee_share_from, talk_share_from
