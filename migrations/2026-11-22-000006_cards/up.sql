-- Kartu ASN Virtual: one card per entitled employee (PNS with a TMT PNS, PPPK with a contract
-- start), issued automatically. The serial (A/B + year of appointment + 7-digit sequence) and the
-- status-list index are never reused: cards are never deleted. Validity is not stored; it is
-- evaluated from the master record whenever asked.
CREATE TABLE cards (
    id TEXT PRIMARY KEY NOT NULL,
    employee_id TEXT NOT NULL UNIQUE REFERENCES employees (id),
    serial TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL CHECK (prefix IN ('A', 'B')),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    status_index INTEGER NOT NULL UNIQUE,
    orientation TEXT NOT NULL DEFAULT 'portrait' CHECK (orientation IN ('portrait', 'landscape')),
    issued_at TIMESTAMP NOT NULL,
    UNIQUE (prefix, year, seq)
);

-- Adoption and use: downloads (per employee), uploads to the agency's SIK (reported by its HR
-- client), and verifications (counted, never who verified).
CREATE TABLE card_events (
    id TEXT PRIMARY KEY NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL CHECK (kind IN ('download', 'sik_upload', 'verification')),
    detail TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX card_events_card_kind ON card_events (card_id, kind);

-- Captchas of the public verification page: the answer only as a hash, single use, 5 minutes.
CREATE TABLE captchas (
    id TEXT PRIMARY KEY NOT NULL,
    answer_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX captchas_created ON captchas (created_at);
