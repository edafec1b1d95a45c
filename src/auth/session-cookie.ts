/** The cookie that carries a console session's token (HttpOnly; the token is stored hashed). */
export const SESSION_COOKIE = 'beckon_session';
