import streamlit as st
st.title('準備中: selections')
