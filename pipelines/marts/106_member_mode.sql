-- member_mode(...): one row per member (not a facilitator) and mode (in_person, online)
-- with at least one observed meeting of that mode in the selection attended
-- (metrics.md, "Within-member comparison of modes (v2)"): meetings_n = |M_i,d|, the
-- member's talk, the attended meetings' talk and attendees, talk_share = sum T_i / sum T_m,
-- equity_ratio = talk_share / (|M_i,d| / sum |P_m|) (NULL where sum T_m = 0). A table macro
-- over the selection's parameters, so the public view and the metrics API share it.
create or replace macro member_mode(include_facilitators, cop_ids, date_from, date_to,
        meeting_types, modes) as table
with
rows as (
    select mm.cop_id, mm.member_id, mm.member_type, mm.mode, mm.meeting_id, mm.talk_s,
        s.talk_s as meeting_talk_s, s.attendees_n as meeting_attendees_n
    from mart_meeting_member as mm
    join mart_meeting_stats as s
        on s.meeting_id = mm.meeting_id and s.facilitators_included = include_facilitators
    where mm.is_present and mm.is_observed and not mm.is_facilitator
      and mm.mode in ('in_person', 'online')
      and selected_meeting(mm.cop_id, mm.held_on, mm.meeting_type, mm.mode, cop_ids,
          date_from, date_to, meeting_types, modes)
),
sums as (
    select cop_id, member_id, any_value(member_type) as member_type, mode,
        count(*) as meetings_n, sum(talk_s) as talk_s,
        sum(meeting_talk_s) as meetings_talk_s, sum(meeting_attendees_n) as meetings_attendees_n
    from rows
    group by cop_id, member_id, mode
)
select cop_id, member_id, member_type, mode, meetings_n, talk_s::double as talk_s,
    meetings_talk_s::double as meetings_talk_s, meetings_attendees_n,
    case when meetings_talk_s > 0 then talk_s / meetings_talk_s end::double as talk_share,
    case when meetings_talk_s > 0
        then (talk_s / meetings_talk_s) / (meetings_n / meetings_attendees_n) end::double
        as equity_ratio
from sums
order by cop_id, member_id, mode;
