-- One row per dataset, source file and broken rule: how many quarantined rows of that file
-- broke that rule. A row that broke several rules stores them `; `-separated and counts
-- once under each, so a rule's rows_n is what the page's rule filter lists. Rows are
-- counted per stored rule list first (a few dozen lists for half a million rows), then
-- the lists are split.
with rule_lists as (
    select dataset, source_file, rule as rules, count(*) as rows_n
    from quarantine
    group by dataset, source_file, rule
),

rules_broken as (
    select dataset, source_file, unnest(string_split(rules, '; ')) as rule, rows_n
    from rule_lists
),

final as (
    select dataset, source_file, rule, sum(rows_n)::bigint as rows_n
    from rules_broken
    group by dataset, source_file, rule
)

select * from final order by dataset, source_file, rows_n desc, rule
