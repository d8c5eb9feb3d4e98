-- One row per dataset and broken rule: how many quarantined rows broke it.
select dataset, rule, count(*) as rows_n
from quarantine
group by dataset, rule
order by dataset, rows_n desc, rule
