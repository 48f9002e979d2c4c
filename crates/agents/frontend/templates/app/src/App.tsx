import { BrowserRouter, Route, Routes } from "react-router";

import { SessionProvider } from "./auth/session";
import { entities } from "./entities";
import { AuthPage } from "./pages/AuthPage";
import { DetailPage } from "./pages/DetailPage";
import { FormPage } from "./pages/FormPage";
import { HomePage } from "./pages/HomePage";
import { ListPage } from "./pages/ListPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { Layout } from "./ui/Layout";

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/sign-in" element={<AuthPage mode="sign-in" />} />
            <Route path="/sign-up" element={<AuthPage mode="sign-up" />} />
            {entities.map((e) => (
              <Route key={e.key} path={`/${e.path}`}>
                <Route index element={<ListPage config={e} />} />
                <Route path="new" element={<FormPage config={e} mode="create" />} />
                <Route path=":id" element={<DetailPage config={e} />} />
                <Route path=":id/edit" element={<FormPage config={e} mode="edit" />} />
              </Route>
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </SessionProvider>
    </BrowserRouter>
  );
}
