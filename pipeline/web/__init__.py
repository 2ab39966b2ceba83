"""`govtasks serve`: the web page and REST API for office staff (FastAPI + uvicorn).

accounts.py (who may sign in: accounts, roles, API tokens, argon2-hashed) → auth.py (who is
asking: session or token; viewer / editor; CSRF) → api.py (the /api routes over the stages) →
app.py (create_app: middleware, routers, errors). security.py holds the headers, CSRF and rate
limit; problems.py turns every error into a problem document; state.py what is kept between
requests; task_list.py the filtered, sorted, paged task table."""
