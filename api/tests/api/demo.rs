#![allow(clippy::unwrap_used, clippy::expect_used)]

use satu_api::demo::{self, LoadOutcome};

use crate::both;
use crate::common::TestApp;

async fn demo_data_loads_once_and_only_once(app: TestApp) {
    let set = demo::data::build();
    let mut conn = app.db.get().unwrap();
    let first = demo::load(&mut conn, &set).unwrap();
    assert!(
        matches!(first, LoadOutcome::Loaded { employees, accounts } if employees >= 40 && accounts == employees)
    );
    let employees = satu_api::employees::store::count(&mut conn).unwrap();
    let accounts = satu_api::accounts::store::count(&mut conn).unwrap();
    assert_eq!(
        demo::load(&mut conn, &set).unwrap(),
        LoadOutcome::AlreadyLoaded
    );
    assert_eq!(
        satu_api::employees::store::count(&mut conn).unwrap(),
        employees
    );
    assert_eq!(
        satu_api::accounts::store::count(&mut conn).unwrap(),
        accounts
    );
    assert_eq!(
        satu_api::audit::store::count_action(&mut conn, "demo.loaded").unwrap(),
        1
    );
}

async fn demo_passwords_are_stored_hashed(app: TestApp) {
    use diesel::prelude::*;
    use satu_api::db::schema::accounts;
    app.load_demo();
    let mut conn = app.db.get().unwrap();
    let rows: Vec<(String, String, bool)> = accounts::table
        .select((
            accounts::login,
            accounts::password_hash,
            accounts::must_change_password,
        ))
        .load(&mut *conn)
        .unwrap();
    let printed = demo::accounts(&demo::data::build());
    for a in &printed {
        let (_, hash, must_change) = rows.iter().find(|r| r.0 == a.nip).expect("account row");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(&a.password));
        assert_eq!(*must_change, a.must_change_password);
    }
    // Spot-check that the printed password is the real one.
    let first = &printed[0];
    let hash = &rows.iter().find(|r| r.0 == first.nip).unwrap().1;
    assert!(satu_api::accounts::password::verify(&first.password, hash));
}

both!(
    demo_data_loads_once_and_only_once,
    demo_passwords_are_stored_hashed
);
