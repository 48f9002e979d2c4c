import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <div className="state state-error">
      <p className="state-title">Page not found</p>
      <p>There is nothing at this address.</p>
      <div className="actions">
        <Link className="button primary" to="/">
          Go home
        </Link>
      </div>
    </div>
  );
}
