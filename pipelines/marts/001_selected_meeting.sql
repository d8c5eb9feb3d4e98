-- selected_meeting(...): whether a meeting is in a selection of the metrics API (the one
-- definition of "selected" the API's queries share; pipelines/metrics/selection.py).
-- Empty lists and NULL dates mean "all"; dates are inclusive.
create or replace macro selected_meeting(cop_id, held_on, meeting_type, mode,
        cop_ids, date_from, date_to, meeting_types, modes) as
    (len(cop_ids) = 0 or list_contains(cop_ids, cop_id))
    and (date_from is null or held_on >= date_from)
    and (date_to is null or held_on <= date_to)
    and (len(meeting_types) = 0 or list_contains(meeting_types, meeting_type))
    and (len(modes) = 0 or list_contains(modes, mode));
