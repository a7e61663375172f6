import { useCallback, useEffect, useState } from 'react'
import { AuthRequired, fetchCustomers, login, logout } from './api.js'
import { environmentName } from './config.js'

function LoginForm({ onLoggedIn }) {
  const [error, setError] = useState(null)

  async function submit(event) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    try {
      await login(form.get('username'), form.get('password'))
      setError(null)
      onLoggedIn()
    } catch (e) {
      setError(e.message)
    }
  }

  return (
    <form onSubmit={submit} aria-label="login">
      <label>
        Username <input name="username" autoComplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit">Log in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}

export default function App() {
  const [customers, setCustomers] = useState(null)
  const [error, setError] = useState(null)
  const [needsLogin, setNeedsLogin] = useState(false)

  const load = useCallback(() => {
    setError(null)
    fetchCustomers()
      .then((list) => {
        setNeedsLogin(false)
        setCustomers(list)
      })
      .catch((e) => {
        if (e instanceof AuthRequired) setNeedsLogin(true)
        else setError(e.message)
      })
  }, [])

  useEffect(load, [load])

  return (
    <main>
      <h1>Customers</h1>
      <p className="environment">Environment: {environmentName()}</p>
      {needsLogin && <LoginForm onLoggedIn={load} />}
      {error && <p role="alert">{error}</p>}
      {!needsLogin && !error && customers === null && <p>Loading…</p>}
      {customers && customers.length === 0 && <p>No customers yet.</p>}
      {customers && customers.length > 0 && (
        <>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id} data-testid="customer">
                  <td>{c.name}</td>
                  <td>{c.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() => {
              logout()
              setCustomers(null)
              setNeedsLogin(true)
            }}
          >
            Log out
          </button>
        </>
      )}
    </main>
  )
}
