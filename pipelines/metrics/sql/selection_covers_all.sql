-- Whether a selection without CoP, meeting-type or mode filters takes in every meeting: its
-- dates (either may be NULL: open) cover the first and last meeting.
select ($date_from::date is null or $date_from::date <= min(held_on))
   and ($date_to::date is null or $date_to::date >= max(held_on)) as covers_all
from meetings
