-- Core tables: one per canonical dataset (inputs.md), with the canonical column names so
-- that evaluators can query them directly. Keys are enforced by the load (duplicates are
-- quarantined, rows are upserted by key), not by index constraints, because keys such as
-- time_rates.role and member_aliases.meeting_id may be blank (NULL).

create table if not exists communities (
    cop_id varchar not null,            -- key
    name varchar not null,
    started_on date not null,
    ended_on date,
    host_organisation varchar,
    topic varchar
);

create table if not exists members (
    member_id varchar not null,         -- key
    cop_id varchar not null,
    member_type varchar not null,       -- lay | clinical | non_clinical
    role varchar,
    is_facilitator boolean not null,
    joined_on date,
    left_on date,
    gender varchar,
    age_band varchar,
    ethnicity varchar,
    deprivation_quintile integer
);

create table if not exists meetings (
    meeting_id varchar not null,        -- key
    cop_id varchar not null,
    held_on date not null,
    start_time varchar,                 -- HH:MM
    duration_min integer not null,
    mode varchar not null,              -- in_person | online | hybrid
    meeting_type varchar not null,
    chair_member_id varchar,
    venue varchar
);

create table if not exists attendance (
    meeting_id varchar not null,        -- key
    member_id varchar not null,         -- key
    status varchar not null,            -- present | absent | apologies
    attended_via varchar,               -- in_person | online
    joined_min double,
    left_min double,
    minutes_attended double
);

create table if not exists speaking_turns (
    turn_id varchar not null,           -- key
    meeting_id varchar not null,
    member_id varchar not null,
    channel varchar not null,           -- voice | chat
    start_s double not null,
    duration_s double not null,
    activity varchar,
    act varchar,
    words integer,
    source varchar not null
);

create table if not exists survey_responses (
    response_id varchar not null,       -- key
    item_id varchar not null,           -- key
    cop_id varchar not null,
    instrument_id varchar not null,
    wave varchar not null,
    submitted_on date not null,
    member_id varchar,
    member_type varchar not null,
    value integer not null
);

create table if not exists costs (
    cost_id varchar not null,           -- key
    cop_id varchar not null,
    meeting_id varchar,
    incurred_on date not null,
    category varchar not null,
    amount_gbp decimal(12, 2) not null,
    description varchar
);

create table if not exists time_rates (
    member_type varchar not null,       -- key
    role varchar,                       -- key; NULL = any role of that type
    valid_from date not null,           -- key
    hourly_rate_gbp decimal(10, 2) not null,
    source varchar
);

create table if not exists recommendations (
    recommendation_id varchar not null, -- key
    cop_id varchar,                     -- NULL = programme-wide
    source varchar not null,
    title varchar not null,
    aim varchar,
    description varchar
);

create table if not exists recommendation_status (
    recommendation_id varchar not null, -- key
    cop_id varchar not null,            -- key
    site varchar not null,              -- key
    status_on date not null,            -- key
    status varchar not null,            -- key
    meeting_id varchar,
    evidence varchar
);

create table if not exists member_aliases (
    alias varchar not null,             -- key (compared case-insensitively, trimmed)
    meeting_id varchar,                 -- key; NULL = any meeting
    member_id varchar not null
);

-- Survey instruments, from data_contracts/instruments/*.yaml and a load folder's
-- instruments/ subfolder; refreshed on every load.
create table if not exists instruments (
    instrument_id varchar not null,
    title varchar not null,
    version varchar,
    scale_min integer not null,
    scale_max integer not null,
    min_share_answered double not null,
    source_file varchar
);

create table if not exists instrument_items (
    instrument_id varchar not null,
    item_id varchar not null,
    position integer not null,
    text varchar not null,
    subscale varchar,
    is_reverse boolean not null
);

create table if not exists instrument_scale_labels (
    instrument_id varchar not null,
    value integer not null,
    label varchar not null
);

-- Audit: one row per file a load read.
create table if not exists load_batches (
    batch_id varchar not null,
    load_id varchar not null,
    dataset varchar not null,
    source_file varchar not null,
    sha256 varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    status varchar not null,            -- loaded | loaded_with_quarantine
    warnings varchar
);

-- Rows that broke a contract rule, kept with the reason so that nothing is lost. Each
-- load of a file replaces that file's earlier quarantined rows (they were either fixed
-- or are reported again).
create table if not exists quarantine (
    batch_id varchar not null,
    dataset varchar not null,
    source_file varchar not null,
    line_number bigint,
    rule varchar not null,
    message varchar not null,
    raw_row json not null
);
