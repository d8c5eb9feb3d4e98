-- The meeting's stored voice turns per source and member, as they stand before the import
-- (what an import keeps when a name in its file is not matched yet).
select source, member_id, count(*) as turns_n, sum(duration_s) as talk_s
from speaking_turns
where meeting_id = $meeting_id
  and channel = 'voice'
  and source in ('transcript', 'diarization')
group by source, member_id
order by source, member_id
