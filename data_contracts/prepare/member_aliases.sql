-- Cross-dataset columns for member_aliases: one row per incoming row (_row).
-- Importers match an alias ignoring case, surrounding spaces and suffixes such as
-- (External), (Unverified), (Guest); spellings that match alike must name one member.
with

keyed as (
    select
        _row,
        alias,
        meeting_id,
        member_id,
        lower(trim(regexp_replace(alias, '(\s*\((external|unverified|guest)\))+\s*$', '', 'i'))) as alias_key
    from incoming
    where alias is not null
    union all
    -- stored aliases this file does not replace (same alias and meeting_id = replaced)
    select
        null as _row,
        stored.alias,
        stored.meeting_id,
        stored.member_id,
        lower(trim(regexp_replace(stored.alias, '(\s*\((external|unverified|guest)\))+\s*$', '', 'i')))
    from member_aliases as stored
    where not exists (
        select 1 from incoming as i
        where i.alias = stored.alias and i.meeting_id is not distinct from stored.meeting_id
    )
),

spellings as (
    select
        alias_key,
        meeting_id,
        count(distinct member_id) as alias_member_count,
        string_agg(distinct '''' || alias || '''', ', ' order by '''' || alias || '''') as alias_spellings,
        string_agg(distinct member_id, ', ' order by member_id) as alias_members
    from keyed
    group by alias_key, meeting_id
)

select
    keyed._row,
    spellings.alias_member_count,
    spellings.alias_spellings,
    spellings.alias_members
from keyed
inner join spellings
    on spellings.alias_key = keyed.alias_key
    and spellings.meeting_id is not distinct from keyed.meeting_id
where keyed._row is not null
