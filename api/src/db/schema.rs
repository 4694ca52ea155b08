//! The portable schema, written by hand: only types both backends share (Text, Integer, Bool,
//! Date, Timestamp). Keep it in step with `migrations/`.

diesel::table! {
    agencies (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        kanreg_code -> Nullable<Text>,
        kanreg_name -> Nullable<Text>,
        created_at -> Timestamp,
        initial_credential_days -> Integer,
        logo_sha256 -> Nullable<Text>,
    }
}

diesel::table! {
    history_rows (id) {
        id -> Text,
        employee_id -> Text,
        category -> Text,
        data -> Text,
        sort_date -> Nullable<Date>,
        source -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        employee_id -> Text,
        agency_id -> Text,
        unit_id -> Text,
        category -> Text,
        action -> Text,
        target_id -> Nullable<Text>,
        open_key -> Nullable<Text>,
        data -> Text,
        status -> Text,
        step -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    proposal_day_tallies (agency_id, unit_id, day, category, status, step) {
        agency_id -> Text,
        unit_id -> Text,
        day -> Date,
        category -> Text,
        status -> Text,
        step -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    proposal_tallies (agency_id, unit_id, category, status, step) {
        agency_id -> Text,
        unit_id -> Text,
        category -> Text,
        status -> Text,
        step -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    proposal_documents (id) {
        id -> Text,
        proposal_id -> Text,
        version -> Integer,
        kind -> Text,
        sha256 -> Text,
        size -> Integer,
        pages -> Integer,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    proposal_events (id) {
        id -> Text,
        proposal_id -> Text,
        at -> Timestamp,
        account_id -> Text,
        role -> Text,
        step -> Nullable<Text>,
        event -> Text,
        reason_code -> Nullable<Text>,
        note -> Nullable<Text>,
        status -> Text,
        documents -> Text,
        changes -> Nullable<Text>,
    }
}

diesel::table! {
    agency_logos (agency_id) {
        agency_id -> Text,
        media_type -> Text,
        content_base64 -> Text,
        sha256 -> Text,
        width -> Integer,
        height -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        agency_id -> Text,
        parent_id -> Nullable<Text>,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    employees (id) {
        id -> Text,
        nip -> Text,
        nik -> Text,
        name -> Text,
        gelar_depan -> Nullable<Text>,
        gelar_belakang -> Nullable<Text>,
        birth_place -> Text,
        birth_date -> Date,
        sex -> Text,
        religion -> Nullable<Text>,
        marital_status -> Nullable<Text>,
        address -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        kind -> Text,
        status -> Text,
        kedudukan_hukum -> Text,
        status_date -> Nullable<Date>,
        status_sk -> Nullable<Text>,
        golongan -> Nullable<Text>,
        jenis_jabatan -> Nullable<Text>,
        jabatan -> Nullable<Text>,
        agency_id -> Text,
        unit_id -> Text,
        tmt_cpns -> Nullable<Date>,
        tmt_pns -> Nullable<Date>,
        pppk_start -> Nullable<Date>,
        pppk_end -> Nullable<Date>,
        photo_path -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        nomor_kk -> Nullable<Text>,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        login -> Text,
        employee_id -> Nullable<Text>,
        display_name -> Text,
        password_hash -> Text,
        must_change_password -> Bool,
        password_changed_at -> Nullable<Timestamp>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        failed_window_start -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<Integer>,
        activated_at -> Nullable<Timestamp>,
        initial_credential_at -> Nullable<Timestamp>,
        activation_code_hash -> Nullable<Text>,
        activation_code_expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        account_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        account_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    role_assignments (id) {
        id -> Text,
        account_id -> Text,
        role -> Text,
        scope_kind -> Text,
        scope_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        at -> Timestamp,
        actor_account_id -> Nullable<Text>,
        actor_label -> Text,
        action -> Text,
        subject_type -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        created_at -> Timestamp,
        channel -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        sent_at -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        next_attempt_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Text,
        account_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        client_id -> Text,
        secret_hash -> Text,
        agency_id -> Text,
        name -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        account_id -> Text,
        code_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_challenges (id) {
        id -> Text,
        account_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        attempts -> Integer,
        used_at -> Nullable<Timestamp>,
        purpose -> Text,
    }
}

diesel::table! {
    qr_sessions (id) {
        id -> Text,
        poll_secret_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        match_code -> Nullable<Text>,
        match_attempts -> Integer,
    }
}

diesel::table! {
    cards (id) {
        id -> Text,
        employee_id -> Text,
        serial -> Text,
        prefix -> Text,
        year -> Integer,
        seq -> Integer,
        status_index -> Integer,
        orientation -> Text,
        issued_at -> Timestamp,
    }
}

diesel::table! {
    card_events (id) {
        id -> Text,
        card_id -> Text,
        kind -> Text,
        detail -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    card_verifications (card_id, day) {
        card_id -> Text,
        day -> Date,
        count -> BigInt,
    }
}

diesel::table! {
    pdm_schedules (agency_id) {
        agency_id -> Text,
        submission_from -> Nullable<Date>,
        submission_to -> Nullable<Date>,
        verification_from -> Nullable<Date>,
        verification_to -> Nullable<Date>,
        approval_from -> Nullable<Date>,
        approval_to -> Nullable<Date>,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        account_id -> Text,
        kind -> Text,
        proposal_id -> Nullable<Text>,
        title -> Text,
        body -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        agency_id -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        file_name -> Text,
        file_sha256 -> Text,
        file_size -> BigInt,
        create_units -> Bool,
        status -> Text,
        rows_read -> Integer,
        imported -> Integer,
        updated -> Integer,
        unchanged -> Integer,
        errors -> Integer,
        units_created -> Integer,
        cards_issued -> Integer,
        extra_columns -> Text,
        failure -> Nullable<Text>,
        started_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    feed_days (day) {
        day -> Date,
        done_at -> Timestamp,
    }
}

diesel::table! {
    change_counter (id) {
        id -> Integer,
        n -> BigInt,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        agency_id -> Text,
        at -> Timestamp,
        kind -> Text,
        nip -> Text,
        data -> Text,
    }
}

diesel::table! {
    import_errors (import_id, line) {
        import_id -> Text,
        line -> Integer,
        nip -> Text,
        code -> Text,
        message -> Text,
    }
}

diesel::joinable!(cards -> employees (employee_id));
diesel::joinable!(imports -> agencies (agency_id));
diesel::joinable!(changes -> agencies (agency_id));
diesel::joinable!(import_errors -> imports (import_id));
diesel::joinable!(card_events -> cards (card_id));
diesel::joinable!(card_verifications -> cards (card_id));
diesel::joinable!(api_clients -> agencies (agency_id));
diesel::joinable!(agency_logos -> agencies (agency_id));
diesel::joinable!(pdm_schedules -> agencies (agency_id));
diesel::joinable!(notifications -> accounts (account_id));
diesel::joinable!(history_rows -> employees (employee_id));
diesel::joinable!(proposals -> employees (employee_id));
diesel::joinable!(proposal_documents -> proposals (proposal_id));
diesel::joinable!(proposal_events -> proposals (proposal_id));
diesel::joinable!(proposal_events -> accounts (account_id));
diesel::joinable!(units -> agencies (agency_id));
diesel::joinable!(employees -> units (unit_id));
diesel::joinable!(employees -> agencies (agency_id));
diesel::joinable!(accounts -> employees (employee_id));
diesel::joinable!(role_assignments -> accounts (account_id));
diesel::joinable!(refresh_tokens -> accounts (account_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(password_resets -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    agencies,
    agency_logos,
    history_rows,
    proposals,
    proposal_tallies,
    proposal_day_tallies,
    proposal_documents,
    proposal_events,
    pdm_schedules,
    notifications,
    units,
    employees,
    accounts,
    role_assignments,
    audit_events,
    refresh_tokens,
    sessions,
    outbox,
    password_resets,
    api_clients,
    recovery_codes,
    login_challenges,
    qr_sessions,
    cards,
    card_events,
    card_verifications,
    imports,
    import_errors,
    change_counter,
    changes,
    feed_days
);
