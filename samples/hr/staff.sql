-- A sample HR table for the SQL quick start (README) and the tests. Portable SQL: runs on H2 and PostgreSQL, and
-- may run more than once (it only fills an empty table).
CREATE TABLE IF NOT EXISTS staff (
    employee_id   INTEGER      NOT NULL PRIMARY KEY,
    work_email    VARCHAR(320),
    first_name    VARCHAR(100),
    last_name     VARCHAR(100),
    job_title     VARCHAR(200),
    department    VARCHAR(200),
    office        VARCHAR(200),
    phone_work    VARCHAR(50),
    mobile        VARCHAR(50),
    country       VARCHAR(2),
    cost_centre   VARCHAR(20),
    salary        DECIMAL(12, 2),
    active        BOOLEAN      NOT NULL,
    updated_at    TIMESTAMP    NOT NULL
);

INSERT INTO staff (employee_id, work_email, first_name, last_name, job_title, department, office, phone_work, mobile,
                   country, cost_centre, salary, active, updated_at)
SELECT * FROM (VALUES
    (1001, 'ada.lovelace@example.com',  'Ada',     'Lovelace',  'Head of Engineering', 'Engineering', 'London',  '+44 20 7946 0001', '+44 7700 900001', 'GB', 'ENG-100', 120000.00, TRUE,  TIMESTAMP '2026-11-01 09:00:00'),
    (1002, 'grace.hopper@example.com',  'Grace',   'Hopper',    'Principal Engineer',  'Engineering', 'New York', '+1 212 555 0102',  NULL,              'US', 'ENG-100', 110000.00, TRUE,  TIMESTAMP '2026-11-02 09:00:00'),
    (1003, 'alan.turing@example.com',   'Alan',    'Turing',    'Researcher',          'Research',    'London',  '+44 20 7946 0003', NULL,              'GB', NULL,      95000.00,  TRUE,  TIMESTAMP '2026-11-03 09:00:00'),
    (1004, 'katherine.johnson@example.com', 'Katherine', 'Johnson', 'Analyst',        'Finance',     NULL,      NULL,               '+1 212 555 0104', 'US', 'FIN-200', 90000.00,  TRUE,  TIMESTAMP '2026-11-04 09:00:00'),
    (1005, 'linus.pending@example.com',            'Linus',   'Pending',   'Intern',              'Engineering', 'Berlin',  NULL,               NULL,              'DE', 'ENG-100', 30000.00,  TRUE,  TIMESTAMP '2026-11-05 09:00:00'),
    (1006, 'margaret.hamilton@example.com', 'Margaret', 'Hamilton', 'Director',       'Engineering', 'Berlin',  '+49 30 901820',    NULL,              'DE', 'ENG-100', 130000.00, FALSE, TIMESTAMP '2026-11-06 09:00:00')
) AS v (employee_id, work_email, first_name, last_name, job_title, department, office, phone_work, mobile, country,
        cost_centre, salary, active, updated_at)
WHERE NOT EXISTS (SELECT 1 FROM staff);
