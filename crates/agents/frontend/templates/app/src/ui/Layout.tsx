// The frame of every page: a header with the navigation (a menu button on
// phones), the signed-in user, and the page itself.

import { useEffect, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router";

import { allowed } from "../access";
import { app } from "../app.config";
import { useSession } from "../auth/session";
import { entities } from "../entities";

export function Layout({ children }: { children: ReactNode }) {
  const { state, user, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => setOpen(false), [location.pathname]);

  const visible = entities.filter((e) => e.topLevel && e.api.list && allowed(e.access.read, user));

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              {app.title.charAt(0)}
            </span>
            {app.title}
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen((o) => !o)}
          >
            <span className="sr-only">Menu</span>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d={open ? "M6 6l12 12M18 6L6 18" : "M4 7h16M4 12h16M4 17h16"} />
            </svg>
          </button>
          <nav id="main-nav" className={`nav${open ? " open" : ""}`} aria-label="Main">
            <ul className="nav-links">
              {visible.map((e) => (
                <li key={e.key}>
                  <NavLink to={`/${e.path}`}>{e.pluralLabel}</NavLink>
                </li>
              ))}
            </ul>
            <div className="nav-user">
              {state.status === "signed_in" && (
                <>
                  <span className="user-name" title={state.user.email}>
                    {state.user.display_name}
                  </span>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      void signOut().then(() => navigate("/"));
                    }}
                  >
                    Sign out
                  </button>
                </>
              )}
              {state.status === "anonymous" && (
                <>
                  <Link className="button small ghost" to="/sign-in">
                    Sign in
                  </Link>
                  <Link className="button small primary" to="/sign-up">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <span>{app.title}</span>
      </footer>
    </div>
  );
}
