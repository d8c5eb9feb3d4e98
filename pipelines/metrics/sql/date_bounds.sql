-- First and last meeting date, for date widgets.
select min(held_on) as first_on, max(held_on) as last_on from meetings
