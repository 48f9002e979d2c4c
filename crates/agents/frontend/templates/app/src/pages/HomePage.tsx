import { Link } from "react-router";

import { allowed } from "../access";
import { app } from "../app.config";
import { useSession } from "../auth/session";
import { entities } from "../entities";

export function HomePage() {
  const { state, user } = useSession();
  const visible = entities.filter((e) => e.topLevel && e.api.list && allowed(e.access.read, user));
  return (
    <>
      <section className="hero">
        <h1>{app.title}</h1>
        <p className="lead">{app.description}</p>
        {state.status === "anonymous" && (
          <div className="actions">
            <Link className="button primary" to="/sign-up">
              Get started
            </Link>
            <Link className="button" to="/sign-in">
              Sign in
            </Link>
          </div>
        )}
        {state.status === "signed_in" && <p className="muted">Signed in as {state.user.display_name}.</p>}
      </section>
      {visible.length > 0 && (
        <ul className="cards" aria-label="Sections">
          {visible.map((e) => (
            <li key={e.key}>
              <Link className="card" to={`/${e.path}`}>
                <span className="card-title">{e.pluralLabel}</span>
                <span className="muted">{e.description || `Browse ${e.pluralWords}.`}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
