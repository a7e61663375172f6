import { useEffect, useState } from 'react'
import { fetchCustomers } from './api.js'
import { environmentName } from './config.js'

export default function App() {
  const [customers, setCustomers] = useState(null)
  const [error, setError] = useState(null)

  useEffect(() => {
    fetchCustomers()
      .then(setCustomers)
      .catch((e) => setError(e.message))
  }, [])

  return (
    <main>
      <h1>Customers</h1>
      <p className="environment">Environment: {environmentName()}</p>
      {error && <p role="alert">{error}</p>}
      {!error && customers === null && <p>Loading…</p>}
      {customers && customers.length === 0 && <p>No customers yet.</p>}
      {customers && customers.length > 0 && (
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
      )}
    </main>
  )
}
